using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.SigningKeys;

public sealed record SigningKeyDto(Guid Id, string Kid, string Algorithm, SigningKeyStatus Status, DateTime CreatedAt, DateTime? DeactivatedAt)
{
    public static SigningKeyDto From(SigningKey key) => new(key.Id, key.Kid, key.Algorithm, key.Status, key.CreatedAt, key.DeactivatedAt);
}

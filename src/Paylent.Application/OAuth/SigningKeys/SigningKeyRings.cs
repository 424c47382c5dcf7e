using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.SigningKeys;

internal static class SigningKeyRings
{
    public static async Task<(SigningKeyRing Ring, SigningKey Key)> LoadAsync(IOAuthData db, Guid id, CancellationToken cancellationToken)
    {
        var keys = await db.SigningKeys.ToListAsync(cancellationToken);
        var key = keys.SingleOrDefault(k => k.Id == id) ?? throw new NotFoundException("signing key");
        return (new SigningKeyRing(keys), key);
    }
}

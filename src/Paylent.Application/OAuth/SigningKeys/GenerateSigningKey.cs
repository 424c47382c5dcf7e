using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.SigningKeys;

/// <summary>Generates a new key of an algorithm (RSA-4096 for RS256, P-256 for ES256), which becomes that algorithm's primary.</summary>
public sealed record GenerateSigningKey(string Algorithm = SigningAlgorithms.Rs256) : ICommand<SigningKeyDto>;

internal sealed class GenerateSigningKeyValidator : AbstractValidator<GenerateSigningKey>
{
    public GenerateSigningKeyValidator() =>
        RuleFor(c => c.Algorithm).Must(SigningAlgorithms.IsSupported).WithMessage($"The algorithm is one of: {string.Join(", ", SigningAlgorithms.All)}.");
}

internal sealed class GenerateSigningKeyHandler(IOAuthData db, EnvironmentContext scope, ISigningKeyGenerator generator, TimeProvider clock)
    : ICommandHandler<GenerateSigningKey, SigningKeyDto>
{
    public async Task<SigningKeyDto> Handle(GenerateSigningKey command, CancellationToken cancellationToken)
    {
        var ring = new SigningKeyRing(await db.SigningKeys.ToListAsync(cancellationToken));
        var key = generator.Generate(scope.RequiredEnvironmentId, command.Algorithm, clock.GetUtcNow().UtcDateTime);
        ring.Add(key);
        db.SigningKeys.Add(key);
        return SigningKeyDto.From(key);
    }
}

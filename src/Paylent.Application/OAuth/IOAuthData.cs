using Microsoft.EntityFrameworkCore;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth;

/// <summary>
/// The OAuth module's tables, and nothing else: its handlers' data port.
/// What OAuth needs to know of users and sessions it asks Identity's contracts.
/// </summary>
public interface IOAuthData
{
    DbSet<SigningKey> SigningKeys { get; }

    DbSet<OAuthClient> OAuthClients { get; }

    DbSet<OpaqueAccessToken> OpaqueAccessTokens { get; }

    DbSet<RevokedAccessToken> RevokedAccessTokens { get; }

    DbSet<Grant> Grants { get; }

    DbSet<RefreshToken> RefreshTokens { get; }

    DbSet<Consent> Consents { get; }

    DbSet<TokenIssuanceCount> TokenIssuanceCounts { get; }
}

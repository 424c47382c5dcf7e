using Microsoft.EntityFrameworkCore;
using Paylent.Domain.Audit;
using Paylent.Domain.Email;
using Paylent.Domain.Identity;
using Paylent.Domain.OAuth;
using Paylent.Domain.Tenancy;

namespace Paylent.Application.Common.Persistence;

/// <summary>
/// The database as handlers see it. Environment-scoped sets only ever show the current environment.
/// Handlers do not save: the unit of work does, once, at the end of each command.
/// </summary>
public interface IPaylentDbContext
{
    DbSet<Account> Accounts { get; }

    DbSet<PaylentEnvironment> Environments { get; }

    DbSet<Admin> Admins { get; }

    DbSet<AuditEvent> AuditEvents { get; }

    DbSet<SigningKey> SigningKeys { get; }

    DbSet<OAuthClient> OAuthClients { get; }

    DbSet<OpaqueAccessToken> OpaqueAccessTokens { get; }

    DbSet<RevokedAccessToken> RevokedAccessTokens { get; }

    DbSet<AuthorizationCode> AuthorizationCodes { get; }

    DbSet<Grant> Grants { get; }

    DbSet<RefreshToken> RefreshTokens { get; }

    DbSet<Consent> Consents { get; }

    DbSet<User> Users { get; }

    DbSet<Session> Sessions { get; }

    DbSet<UserToken> UserTokens { get; }

    DbSet<OutboxEmail> OutboxEmails { get; }
}

/// <summary>Runs work and saves its changes (and their audit events) atomically at the end.</summary>
public interface IUnitOfWork
{
    Task<TResult> ExecuteAsync<TResult>(Func<Task<TResult>> work, CancellationToken cancellationToken);
}

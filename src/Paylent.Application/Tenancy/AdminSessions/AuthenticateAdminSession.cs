using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Security;
using Paylent.Domain.Common;
using Paylent.Domain.Tenancy;

namespace Paylent.Application.Tenancy.AdminSessions;

/// <summary>
/// Reads a dashboard cookie's session: the live session and its admin, or null once it was signed
/// out, revoked, idle too long or past its absolute lifetime. Slides the idle expiry, written at most
/// once a minute, and names the admin as the actor of what the request does.
/// </summary>
public sealed record AuthenticateAdminSession(string Token) : ICommand<AuthenticatedAdmin?>;

public sealed record AuthenticatedAdmin(Guid SessionId, Guid AdminId, Guid AccountId, string Email);

internal sealed class AuthenticateAdminSessionValidator : AbstractValidator<AuthenticateAdminSession>
{
    public AuthenticateAdminSessionValidator() => RuleFor(c => c.Token).NotEmpty().MaximumLength(128);
}

internal sealed class AuthenticateAdminSessionHandler(ITenancyData db, AdminSessionPolicy policy, AuditContext audit, TimeProvider clock)
    : ICommandHandler<AuthenticateAdminSession, AuthenticatedAdmin?>
{
    public async Task<AuthenticatedAdmin?> Handle(AuthenticateAdminSession command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Secrets.Hash(command.Token);
        var found = await (
            from row in db.AdminSessions
            join admin in db.Admins on row.AdminId equals admin.Id
            where row.TokenHash == hash
            select new { Session = row, admin.Email }).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (found is null || !found.Session.IsActive(now))
        {
            return null;
        }

        var session = found.Session;
        if (session.Touch(policy, now))
        {
            // Written directly, without the aggregate's version check: last-seen is bookkeeping, and two
            // tabs touching at once must conflict neither with each other nor with a sign-out.
            var (id, lastSeen, idleExpiry) = (session.Id, session.LastSeenAt, session.IdleExpiresAt);
            await db.AdminSessions.Where(s => s.Id == id && s.EndedAt == null && s.LastSeenAt < lastSeen)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.LastSeenAt, lastSeen).SetProperty(s => s.IdleExpiresAt, idleExpiry), cancellationToken);
        }

        audit.IdentifyActor(AuditActor.Admin(session.AdminId));
        return new AuthenticatedAdmin(session.Id, session.AdminId, session.AccountId, found.Email);
    }
}

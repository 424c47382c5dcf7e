using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Security;
using Paylent.Domain.Common;

namespace Paylent.Application.Identity.Sessions;

/// <summary>
/// Reads a session cookie: the live session and its user, or null. Slides the idle expiry (written
/// at most once a minute) and names the user as the actor of what the request does.
/// </summary>
public sealed record AuthenticateSession(string Token) : ICommand<AuthenticatedSession?>;

public sealed record AuthenticatedSession(Guid SessionId, Guid UserId, string Email, string? Name, DateTime AuthenticatedAt, IReadOnlyList<string> AuthenticationMethods);

/// <summary>Ends the session a cookie belongs to; an unknown or ended one is fine.</summary>
public sealed record SignOut(string Token) : ICommand<bool>;

/// <summary>An admin or the API ends a session and every token issued in it.</summary>
public sealed record RevokeSession(Guid Id) : ICommand<SessionDto>;

/// <summary>A signed-in user ends one of their own sessions (account page).</summary>
public sealed record RevokeOwnSession(Guid UserId, Guid SessionId) : ICommand<bool>;

internal sealed class SessionTokenValidator : AbstractValidator<AuthenticateSession>
{
    public SessionTokenValidator() => RuleFor(c => c.Token).NotEmpty().MaximumLength(128);
}

internal sealed class SignOutValidator : AbstractValidator<SignOut>
{
    public SignOutValidator() => RuleFor(c => c.Token).NotEmpty().MaximumLength(128);
}

internal sealed class AuthenticateSessionHandler(IIdentityData db, IdentityPolicies policies, AuditContext audit, TimeProvider clock)
    : ICommandHandler<AuthenticateSession, AuthenticatedSession?>
{
    public async Task<AuthenticatedSession?> Handle(AuthenticateSession command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Secrets.Hash(command.Token);
        var found = await (
            from session in db.Sessions
            join user in db.Users on session.UserId equals user.Id
            where session.TokenHash == hash
            select new { Session = session, User = user }).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (found is null || !found.Session.IsActive(now) || !found.User.IsActive)
        {
            return null;
        }

        await db.TouchAsync(found.Session, policies.Sessions, now, cancellationToken);
        audit.IdentifyActor(AuditActor.User(found.User.Id));
        return new AuthenticatedSession(
            found.Session.Id, found.User.Id, found.User.Email, found.User.FullName, found.Session.AuthenticatedAt, found.Session.AuthenticationMethods);
    }
}

internal sealed class SignOutHandler(IIdentityData db, TimeProvider clock) : ICommandHandler<SignOut, bool>
{
    public async Task<bool> Handle(SignOut command, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(command.Token);
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.TokenHash == hash, cancellationToken);
        session?.Revoke(clock.GetUtcNow().UtcDateTime);
        return session is not null;
    }
}

internal sealed class RevokeSessionHandler(IIdentityData db, TimeProvider clock) : ICommandHandler<RevokeSession, SessionDto>
{
    public async Task<SessionDto> Handle(RevokeSession command, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == command.Id, cancellationToken)
            ?? throw new NotFoundException("session");
        var now = clock.GetUtcNow().UtcDateTime;
        session.Revoke(now);
        return SessionDto.From(session, now);
    }
}

internal sealed class RevokeOwnSessionHandler(IIdentityData db, TimeProvider clock) : ICommandHandler<RevokeOwnSession, bool>
{
    public async Task<bool> Handle(RevokeOwnSession command, CancellationToken cancellationToken)
    {
        // Another user's session id reads as not found: nothing tells the two apart.
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == command.SessionId && s.UserId == command.UserId, cancellationToken)
            ?? throw new NotFoundException("session");
        session.Revoke(clock.GetUtcNow().UtcDateTime);
        return true;
    }
}

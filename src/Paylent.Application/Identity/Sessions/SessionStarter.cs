using Paylent.Application.Common.Security;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Sessions;

/// <summary>Starts a session for a user who just proved who they are (sign-in, sign-up, password reset).</summary>
internal sealed class SessionStarter(IIdentityData db, IdentityPolicies policies)
{
    public StartedSession Start(User user, SessionClient client, IEnumerable<string> methods, DateTime now)
    {
        var token = Secrets.NewToken();
        var session = Session.Start(user.EnvironmentId, user.Id, Secrets.Hash(token), policies.Sessions, client, methods, now);
        db.Sessions.Add(session);
        return new StartedSession(session.Id, user.Id, token, session.AbsoluteExpiresAt);
    }
}

using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Sessions;

/// <summary>How many end-user sessions of the current environment are live now (<see cref="Session.Live"/>).</summary>
public sealed record CountLiveSessions : IQuery<int>;

internal sealed class CountLiveSessionsHandler(IIdentityData db, TimeProvider clock) : IQueryHandler<CountLiveSessions, int>
{
    public Task<int> Handle(CountLiveSessions query, CancellationToken cancellationToken) =>
        db.Sessions.Where(Session.Live.At(clock.GetUtcNow().UtcDateTime)).CountAsync(cancellationToken);
}

using Paylent.Application.Common.Events;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.Identity.Sessions;

namespace Paylent.Application.Identity.Users;

/// <summary>Deletes a user and, through its event, what other modules hold of them; runs again when a racing write (a redemption on one of the user's consents) changed what it read.</summary>
public sealed record DeleteUser(Guid Id) : ICommand<bool>, IRetryOnConflict;

internal sealed class DeleteUserHandler(IIdentityData db, IModuleEvents events, TimeProvider clock) : ICommandHandler<DeleteUser, bool>
{
    public async Task<bool> Handle(DeleteUser command, CancellationToken cancellationToken)
    {
        var user = await UserLookup.FindAsync(db, command.Id, cancellationToken);

        // Revoked first, so the trail and token checks see the sessions end, then removed with the user.
        await db.RevokeSessionsOfAsync(user.Id, clock.GetUtcNow().UtcDateTime, cancellationToken);
        db.Users.Remove(user);
        events.Raise(new UserDeleted(user.Id));
        return true;
    }
}

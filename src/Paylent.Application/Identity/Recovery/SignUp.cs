using FluentValidation;
using Paylent.Application.Common;
using Paylent.Application.Common.Events;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.Identity.Sessions;
using Paylent.Application.Identity.Users;
using Paylent.Application.Organizations.Contracts;
using Paylent.Domain.Common;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Recovery;

/// <summary>
/// A visitor creates their own account on the hosted sign-up page: the user is created unverified,
/// signed in, and sent a verification link. With an <see cref="InvitationToken"/> (the invitation
/// page's sign-up), the invitation link has already proven the address: the account is created
/// verified and no link is sent; a token that proves nothing for this address refuses the sign-up.
/// </summary>
public sealed record SignUp(
    string Email, string Password, string? GivenName, string? FamilyName, SessionClient Client, string BaseUrl, string? InvitationToken = null)
    : ICommand<StartedSession>, IRetryOnConflict;

internal sealed class SignUpValidator : AbstractValidator<SignUp>
{
    public SignUpValidator()
    {
        RuleFor(c => c.Email).MustBeDeliverableEmail();
        RuleFor(c => c.GivenName).MaximumLength(User.MaxNameLength).MustBePrintable();
        RuleFor(c => c.FamilyName).MaximumLength(User.MaxNameLength).MustBePrintable();
        RuleFor(c => c.Password).MustBeAcceptablePassword();
        RuleFor(c => c.Client).NotNull();
        RuleFor(c => c.BaseUrl).MustBeBaseUrl();
        RuleFor(c => c.InvitationToken!).MustBeEmailToken().When(c => c.InvitationToken is not null);
    }
}

internal sealed class SignUpHandler(
    IIdentityData db, IPasswordHasher hasher, IModuleEvents events, SessionStarter sessions, EmailTokens tokens, IInvitationProof invitations,
    EnvironmentContext scope, AuditContext audit, TimeProvider clock)
    : ICommandHandler<SignUp, StartedSession>
{
    public async Task<StartedSession> Handle(SignUp command, CancellationToken cancellationToken)
    {
        var proven = command.InvitationToken is not null && await invitations.ProvesEmailAsync(command.InvitationToken, command.Email, cancellationToken);
        if (command.InvitationToken is not null && !proven)
        {
            throw new DomainException("invalid_invitation", "This invitation can no longer be used, or was sent to another email address.", nameof(command.Email));
        }

        var profile = new UserProfile(command.Email, null, command.GivenName, command.FamilyName, proven ? true : null);
        await db.EnsureAvailableAsync(profile, null, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var user = User.Create(scope.RequiredEnvironmentId, profile, hasher.Hash(command.Password), now);
        db.Users.Add(user);
        events.Raise(new UserCreated(user.Id));
        audit.IdentifyActor(AuditActor.User(user.Id));

        if (!proven)
        {
            tokens.SendVerification(user, command.BaseUrl);
        }

        return sessions.Start(user, command.Client, ["pwd"], now);
    }
}

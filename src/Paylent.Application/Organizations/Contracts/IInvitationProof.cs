namespace Paylent.Application.Organizations.Contracts;

/// <summary>
/// Whether an invitation link proves an email address: it was sent there, so a person holding a
/// pending invitation's token can read that mailbox. Identity's sign-up uses it to create the invitee's
/// account already verified.
/// </summary>
public interface IInvitationProof
{
    /// <summary>True when <paramref name="token"/> is a pending invitation of the current environment sent to <paramref name="email"/>.</summary>
    Task<bool> ProvesEmailAsync(string token, string email, CancellationToken cancellationToken);
}

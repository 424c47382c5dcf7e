using System.Globalization;
using Paylent.Application.Common.Security;
using Paylent.Application.Email.Contracts;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations.Invitations;

/// <summary>Issues an invitation's token (only its hash is kept) and queues the email carrying it.</summary>
internal sealed class InvitationEmails(IEmailOutbox outbox)
{
    public const string AcceptPath = "/invitations/accept";

    /// <summary>A new token: 256 random bits, base64url; the invitation stores its SHA-256.</summary>
    public static (string Token, string Hash) NewToken()
    {
        var token = Secrets.NewToken();
        return (token, Secrets.Hash(token));
    }

    public void Send(Invitation invitation, Organization organization, string token, string baseUrl) =>
        outbox.Enqueue(LinkEmails.Compose(
            invitation.Email,
            $"You are invited to join {organization.Name}",
            $"You are invited to join the organization {organization.Name}. Accept through the link below; it works once, until {invitation.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.",
            "Accept the invitation",
            LinkEmails.Link(baseUrl, AcceptPath, token),
            "If you do not want to join, ignore this message: nothing happens until the link is used."));
}

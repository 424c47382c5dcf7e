using Paylent.Application.Common.Messaging;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Recovery;

/// <summary>
/// Whether an emailed reset link still works (unused, unexpired, its user active), read without
/// spending it: the link's page says so before the user types a new password for nothing.
/// </summary>
public sealed record CheckPasswordResetLink(string Token) : IQuery<bool>;

internal sealed class CheckPasswordResetLinkHandler(EmailTokens tokens) : IQueryHandler<CheckPasswordResetLink, bool>
{
    public Task<bool> Handle(CheckPasswordResetLink query, CancellationToken cancellationToken) =>
        tokens.IsUsableAsync(query.Token, UserTokenPurpose.PasswordReset, cancellationToken);
}

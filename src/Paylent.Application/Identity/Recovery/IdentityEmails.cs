using Paylent.Application.Email.Contracts;

namespace Paylent.Application.Identity.Recovery;

/// <summary>The emails the Identity module sends. Links point at the environment's hosted pages.</summary>
internal static class IdentityEmails
{
    public static EmailMessage Verification(string to, string link) => LinkEmails.Compose(
        to,
        "Confirm your email address",
        "Confirm that this is your email address by opening the link below. It works once, within 24 hours.",
        "Confirm email address",
        link,
        "If you did not create an account or change your email, you can ignore this message.");

    public static EmailMessage PasswordReset(string to, string link) => LinkEmails.Compose(
        to,
        "Reset your password",
        "Someone asked to reset the password of the account with this email address. Choose a new password through the link below. It works once, within 1 hour, and signs you out everywhere.",
        "Choose a new password",
        link,
        "If this was not you, ignore this message: your password stays as it is.");
}

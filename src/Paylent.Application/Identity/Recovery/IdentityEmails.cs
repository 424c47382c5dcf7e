using System.Net;
using Paylent.Application.Email.Contracts;

namespace Paylent.Application.Identity.Recovery;

/// <summary>The emails the Identity module sends. Links point at the environment's hosted pages.</summary>
internal static class IdentityEmails
{
    public static EmailMessage Verification(string to, string link) => Compose(
        to,
        "Confirm your email address",
        "Confirm that this is your email address by opening the link below. It works once, within 24 hours.",
        "Confirm email address",
        link,
        "If you did not create an account or change your email, you can ignore this message.");

    public static EmailMessage PasswordReset(string to, string link) => Compose(
        to,
        "Reset your password",
        "Someone asked to reset the password of the account with this email address. Choose a new password through the link below. It works once, within 1 hour, and signs you out everywhere.",
        "Choose a new password",
        link,
        "If this was not you, ignore this message: your password stays as it is.");

    public static string Link(string baseUrl, string path, string token) => $"{baseUrl.TrimEnd('/')}{path}?token={Uri.EscapeDataString(token)}";

    private static EmailMessage Compose(string to, string subject, string intro, string action, string link, string footer)
    {
        var text = $"{intro}\r\n\r\n{link}\r\n\r\n{footer}\r\n";
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(subject)}</title></head>
            <body style="font-family: sans-serif; line-height: 1.5;">
            <p>{WebUtility.HtmlEncode(intro)}</p>
            <p><a href="{WebUtility.HtmlEncode(link)}">{WebUtility.HtmlEncode(action)}</a></p>
            <p style="color: #555;">{WebUtility.HtmlEncode(footer)}</p>
            </body>
            </html>
            """;
        return new EmailMessage(to, subject, text, html);
    }
}

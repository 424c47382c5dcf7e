using System.Net;

namespace Paylent.Application.Email.Contracts;

/// <summary>
/// The one layout of the emails that carry a single-use link to a hosted page (verify an address,
/// reset a password, accept an invitation): a line of text, the link, a footer.
/// </summary>
public static class LinkEmails
{
    /// <summary>A link to the environment's hosted page <paramref name="path"/> carrying <paramref name="token"/>.</summary>
    public static string Link(string baseUrl, string path, string token) => $"{baseUrl.TrimEnd('/')}{path}?token={Uri.EscapeDataString(token)}";

    public static EmailMessage Compose(string to, string subject, string intro, string action, string link, string footer)
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

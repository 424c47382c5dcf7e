using System.Net.Mail;
using FluentValidation;

namespace Paylent.Application.Common;

/// <summary>Input-shape rules shared by every surface that takes emails and passwords.</summary>
public static class InputRules
{
    public const int MaxEmailLength = 254;

    // NIST SP 800-63B §5.1.1.2: at least 8 characters, at least 64 allowed, no composition rules.
    // The upper bound keeps a megabyte "password" from reaching the hasher.
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 256;

    public static IRuleBuilderOptions<T, string> MustBeEmail<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Enter an email address.")
            .MaximumLength(MaxEmailLength).WithMessage($"An email address is at most {MaxEmailLength} characters.")
            .Must(IsEmail).WithMessage("Enter a valid email address, like name@example.com.");

    public static IRuleBuilderOptions<T, string> MustBeAcceptablePassword<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Enter a password.")
            .MinimumLength(MinPasswordLength).WithMessage($"A password is at least {MinPasswordLength} characters.")
            .MaximumLength(MaxPasswordLength).WithMessage($"A password is at most {MaxPasswordLength} characters.")
            .Must(IsText).WithMessage("A password must not contain a NUL character or text that is not valid Unicode.")
            .Must(p => !CommonPasswords.Contains(p)).WithMessage("This password is too common. Choose one that is harder to guess.");

    /// <summary>A password being checked, not chosen: only bounded, so old passwords still work.</summary>
    public static IRuleBuilderOptions<T, string> MustBeBoundedPassword<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Enter your password.")
            .MaximumLength(MaxPasswordLength).WithMessage($"A password is at most {MaxPasswordLength} characters.");

    /// <summary>An email address that can be set on an account: one mail can reach (see <see cref="HasDeliverableLocalPart"/>).</summary>
    public static IRuleBuilderOptions<T, string> MustBeDeliverableEmail<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.MustBeEmail()
            .Must(HasDeliverableLocalPart).WithMessage("The part before the @ must use only ASCII letters, digits and symbols: mail cannot be delivered to other addresses.");

    /// <summary>Free text (a name) with no control characters; empty is allowed.</summary>
    public static IRuleBuilderOptions<T, string?> MustBePrintable<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => v is null || !v.Any(char.IsControl)).WithMessage("'{PropertyName}' must not contain control characters.");

    /// <summary>The environment's own base URL (its issuer), as links in emails point at it.</summary>
    public static IRuleBuilderOptions<T, string> MustBeBaseUrl<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Must(v => Uri.TryCreate(v, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && string.IsNullOrEmpty(uri.Query))
            .WithMessage("'{PropertyName}' must be an absolute http(s) URL.");

    /// <summary>The token of an emailed link: base64url, bounded.</summary>
    public static IRuleBuilderOptions<T, string> MustBeEmailToken<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop).NotEmpty().WithMessage("The link has no token.")
            .MaximumLength(128).WithMessage("The link's token is malformed.")
            .Matches("^[A-Za-z0-9_-]+$").WithMessage("The link's token is malformed.");

    /// <summary>
    /// Whether a string is text Paylent accepts from any request, checked at each surface's boundary
    /// before any handler sees it: no NUL (PostgreSQL cannot store it), no noncharacter (U+FDD0-U+FDEF,
    /// U+xFFFE, U+xFFFF) and no lone surrogate (NFKC normalisation refuses both), and no U+FFFD, which
    /// only appears where bytes that were not UTF-8 were decoded. None of them is anything a person
    /// typed. Other control characters can be stored: each field's own rule decides on them, so a form
    /// gets its usual message on that field (a name or an email refuses them, <see cref="MustBePrintable{T}"/>;
    /// a multi-line field keeps its line breaks; a password may hold them).
    /// </summary>
    public static bool IsText(string? value)
    {
        if (value is null)
        {
            return true;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                if (IsNoncharacter(char.ConvertToUtf32(c, value[i + 1])))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsSurrogate(c) || IsNoncharacter(c) || c == '\uFFFD')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// RFC 5321 §2.3.11 and RFC 6531: a non-ASCII local part needs SMTPUTF8 end to end, which Paylent's
    /// sender does not use, so such an address can never receive a message. An internationalized
    /// domain is fine: it travels as its punycode (RFC 5891) form.
    /// </summary>
    public static bool HasDeliverableLocalPart(string? email) =>
        email is not null && email.LastIndexOf('@') is > 0 and var at && System.Text.Ascii.IsValid(email.AsSpan(0, at));

    private static bool IsNoncharacter(int codePoint) => codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;

    private static bool IsEmail(string? value) =>
        value is not null
        && !value.Any(char.IsControl)
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value.Trim()
        && address.Host.Contains('.', StringComparison.Ordinal);
}

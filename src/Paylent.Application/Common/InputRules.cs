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
            .Must(p => !CommonPasswords.Contains(p)).WithMessage("This password is too common. Choose one that is harder to guess.");

    /// <summary>A password being checked, not chosen: only bounded, so old passwords still work.</summary>
    public static IRuleBuilderOptions<T, string> MustBeBoundedPassword<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Enter your password.")
            .MaximumLength(MaxPasswordLength).WithMessage($"A password is at most {MaxPasswordLength} characters.");

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

    private static bool IsEmail(string? value) =>
        value is not null
        && !value.Any(char.IsControl)
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value.Trim()
        && address.Host.Contains('.', StringComparison.Ordinal);
}

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
            .MaximumLength(MaxPasswordLength).WithMessage($"A password is at most {MaxPasswordLength} characters.");

    /// <summary>A password being checked, not chosen: only bounded, so old passwords still work.</summary>
    public static IRuleBuilderOptions<T, string> MustBeBoundedPassword<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Enter your password.")
            .MaximumLength(MaxPasswordLength).WithMessage($"A password is at most {MaxPasswordLength} characters.");

    private static bool IsEmail(string? value) =>
        value is not null
        && !value.Any(char.IsControl)
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value.Trim()
        && address.Host.Contains('.', StringComparison.Ordinal);
}

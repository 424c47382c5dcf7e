namespace Paylent.Web.Areas.Hosted;

// Forms are classes, not records: the framework's trace logging prints action arguments with
// ToString, which for a record would spell out passwords and one-time tokens.

public sealed class SignUpForm
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class PasswordSignInForm
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class ForgotPasswordForm
{
    public string? Email { get; set; }
}

/// <summary>The token of an emailed link (verify email, reset password), from its query string or the page's hidden field.</summary>
public class EmailLinkForm
{
    public string? Token { get; set; }

    public bool HasToken => !string.IsNullOrEmpty(Token);
}

public sealed class ResetPasswordForm : EmailLinkForm
{
    public string? NewPassword { get; set; }
}

/// <summary>Which emailed link was invalid, so the page can offer the right way to get a new one.</summary>
public enum EmailLinkPurpose
{
    EmailVerification,
    PasswordReset,
}

/// <summary>The invitation page's sign-up: the invited address is the token's, never typed.</summary>
public sealed class InvitationSignUpForm : EmailLinkForm
{
    public string? Password { get; set; }

    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }
}

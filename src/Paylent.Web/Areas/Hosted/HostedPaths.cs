namespace Paylent.Web.Areas.Hosted;

/// <summary>The hosted pages' addresses on every environment host (PRODUCT.md: hosted pages for end users).</summary>
public static class HostedPaths
{
    public const string SignUp = "/sign-up";
    public const string SignIn = "/sign-in";
    public const string SignOut = "/sign-out";
    public const string VerifyEmail = "/verify-email";
    public const string ForgotPassword = "/forgot-password";
    public const string ResetPassword = "/reset-password";
    public const string Account = "/account";
    public const string AcceptInvitation = "/invitations/accept";
    public const string AcceptInvitationSignUp = "/invitations/accept/sign-up";
    public const string ReturnUrlKey = "returnUrl";
    public const string LoginHintKey = "login_hint";

    /// <summary>The hosted sign-in, sending the browser on to <paramref name="returnUrl"/> (a local path and query) once signed in.</summary>
    public static string SignInReturningTo(string returnUrl) => Returning(SignIn, returnUrl);

    /// <summary>The sign-in or sign-up <paramref name="page"/>, sending the browser on to <paramref name="returnUrl"/> once done.</summary>
    public static string Returning(string page, string returnUrl) => $"{page}?{ReturnUrlKey}={Uri.EscapeDataString(returnUrl)}";

    /// <summary>Whether a request's <paramref name="path"/> is <paramref name="page"/>, as routing reads it: in any case, with one trailing slash or none.</summary>
    public static bool IsAt(PathString path, string page) => string.Equals(path.Value?.TrimEnd('/'), page, StringComparison.OrdinalIgnoreCase);
}

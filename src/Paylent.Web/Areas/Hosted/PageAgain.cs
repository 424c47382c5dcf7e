using Microsoft.AspNetCore.Http.Features;
using Paylent.Web.Common;

namespace Paylent.Web.Areas.Hosted;

/// <summary>
/// Where the hosted form-expired page's "Open the page again" leads: back to the page the form was on,
/// with what it carried. A token fails most often because the user signed in or out in another tab
/// (tokens are bound to the user); a bare address would lose the sign-in's way back to the application,
/// or an emailed link's token.
/// </summary>
public static class PageAgain
{
    private const string TokenKey = "token";

    // Emailed tokens are a few dozen characters; anything longer is not one, and only the bare page is linked.
    private const int MaxTokenLength = 512;

    public static string For(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments(HostedPaths.Account))
        {
            return HostedPaths.Account; // its actions post to addresses without a page of their own
        }

        if (AuthorizationController.PageAgain(request) is { } authorization)
        {
            return authorization;
        }

        // Only a form the framework could read: one it could not is not read again.
        var posted = context.Features.Get<IFormFeature>()?.Form;
        if ((Page(HostedPaths.SignIn) ?? Page(HostedPaths.SignUp)) is { } signIn)
        {
            // The way back to the application (an authorization request) that the sign-in carried.
            return ReturnUrl.AllowedOrNull(posted?["ReturnUrl"].FirstOrDefault()) is { } returnUrl ? HostedPaths.Returning(signIn, returnUrl) : signIn;
        }

        if (Page(LogoutController.ConfirmPath) is not null)
        {
            return LogoutForm.AskedAgain(posted);
        }

        // An emailed link's page, opened again with its token (the invitation's sign-up is on its invitation's page).
        var linkPage = Page(HostedPaths.VerifyEmail) ?? Page(HostedPaths.ResetPassword) ?? Page(HostedPaths.AcceptInvitation)
            ?? (Page(HostedPaths.AcceptInvitationSignUp) is null ? null : HostedPaths.AcceptInvitation);
        if (linkPage is not null)
        {
            return posted?["Token"].FirstOrDefault() is { Length: > 0 and <= MaxTokenLength } token ? $"{linkPage}?{TokenKey}={Uri.EscapeDataString(token)}" : linkPage;
        }

        var path = request.Path.Value?.TrimEnd('/') ?? string.Empty;
        return new PathString(path.Length == 0 ? "/" : path).ToUriComponent();

        string? Page(string page) => HostedPaths.IsAt(request.Path, page) ? page : null;
    }
}

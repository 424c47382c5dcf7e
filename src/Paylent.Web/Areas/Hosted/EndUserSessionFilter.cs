using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Paylent.Web.Areas.Hosted;

/// <summary>
/// Makes the end user's session the request's user before anything else of a hosted page runs.
/// Antiforgery tokens are bound to the user they were rendered for, so a signed-in user's post must
/// be checked as that user, and pages need to know who is signed in (links, sign-out, resend).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
internal sealed class EndUserSessionFilter : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    // Before antiforgery validation (order 1000).
    public int Order => -1000;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (http.User.EndUser() is null && (await http.AuthenticateAsync(EndUserAuthentication.Scheme)).Principal is { } principal)
        {
            http.User = principal;
        }
    }
}

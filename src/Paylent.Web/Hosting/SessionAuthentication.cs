namespace Paylent.Web.Hosting;

/// <summary>
/// The sign-in cookies (the dashboard's, the hosted pages') are read for every endpoint but those marked
/// <see cref="NoSessionCookieAttribute"/>, where the protocol's hot paths never use them.
/// </summary>
public static class SessionAuthentication
{
    /// <summary>
    /// What <c>UseAuthentication</c> sets on the builder it is called on. <see cref="WebApplication"/> adds an
    /// authentication middleware of its own, ahead of the whole pipeline, unless it finds this on itself; a
    /// <c>UseWhen</c> branch is a builder of its own (dotnet/aspnetcore#48098).
    /// </summary>
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    public static void UseSessionAuthentication(this WebApplication app)
    {
        app.UseWhen(context => !NoSessionCookieAttribute.Applies(context), branch => branch.UseAuthentication());

        // Without this the cookies would also be read before the forwarded headers are applied: behind a
        // TLS-terminating proxy, as plain http, under the name without the __Host- prefix, and that first
        // answer is the one every later authentication of the request gets.
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;
    }
}

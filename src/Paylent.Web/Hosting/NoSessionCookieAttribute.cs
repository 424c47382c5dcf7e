namespace Paylent.Web.Hosting;

/// <summary>
/// An endpoint that knows its caller only by what the request carries (client credentials, a bearer
/// token) and never by a sign-in cookie: the authentication middleware does not run for it, so the
/// protocol's hot paths (token, introspection) do not look for a dashboard session they never use.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class NoSessionCookieAttribute : Attribute
{
    public static bool Applies(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<NoSessionCookieAttribute>() is not null;
}

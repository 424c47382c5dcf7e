using System.Text;
using Paylent.Application.OAuth;

namespace Paylent.Web.OAuth;

/// <summary>How the OAuth endpoints answer: JSON that is never cached (RFC 6749 §5.1) and errors per §5.2.</summary>
internal static class OAuthResults
{
    public static IResult Json(object body) => new NoStoreJson(body, StatusCodes.Status200OK, null);

    public static IResult Error(OAuthException error, string? wwwAuthenticate = null) =>
        new NoStoreJson(new Dictionary<string, string> { ["error"] = error.Error, ["error_description"] = Describe(error.Message) }, error.Status, wwwAuthenticate);

    public static IResult Error(string error, string description) => Error(new OAuthException(error, description));

    /// <summary>RFC 6749 §5.2: error_description is limited to %x20-21 / %x23-5B / %x5D-7E.</summary>
    private static string Describe(string description)
    {
        var builder = new StringBuilder(description.Length);
        foreach (var c in description)
        {
            builder.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '\'');
        }

        return builder.ToString();
    }

    private sealed class NoStoreJson(object body, int status, string? wwwAuthenticate) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.Headers.CacheControl = "no-store";
            response.Headers.Pragma = "no-cache";
            if (wwwAuthenticate is not null)
            {
                response.Headers.WWWAuthenticate = wwwAuthenticate;
            }

            return response.WriteAsJsonAsync(body, body.GetType(), httpContext.RequestAborted);
        }
    }
}

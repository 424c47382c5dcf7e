using Paylent.Application.Common;
using Paylent.Application.OAuth;
using Paylent.Web.Hosting;

namespace Paylent.Web.OAuth;

/// <summary>The OAuth endpoints' one error mapping: every failure leaves as RFC 6749 §5.2 JSON.</summary>
internal sealed class OAuthErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (OAuthException error)
        {
            // §5.2: a failed client authentication answers 401 with the scheme to use, as every 401 must
            // (RFC 9110 §15.5.2), whether the client tried Basic or the form.
            var challenge = error.Error == OAuthErrors.InvalidClient && error.Status == StatusCodes.Status401Unauthorized;
            return OAuthResults.Error(error, challenge ? "Basic realm=\"paylent\", charset=\"UTF-8\"" : null);
        }
        catch (RateLimitedException limited)
        {
            RateLimits.SetRetryAfter(context.HttpContext.Response, limited.RetryAfter);
            OAuthCors.ExposeRetryAfter(context.HttpContext);
            return OAuthResults.Error(new OAuthException(OAuthErrors.TooManyRequests, "Too many requests from this client; retry later.", StatusCodes.Status429TooManyRequests));
        }
        catch (RequestValidationException error)
        {
            return OAuthResults.Error(OAuthErrors.InvalidRequest, string.Join(" ", error.Errors.Select(e => e.Message)));
        }
        catch (ConflictException)
        {
            // A code or refresh token redeemed by simultaneous requests past the retries: the losers'
            // grant is as spent as a replayed one (RFC 6749 §5.2 invalid_grant), never a 500.
            return OAuthResults.Error(OAuthErrors.InvalidGrant, "The grant was used by another request at the same time.");
        }
    }
}

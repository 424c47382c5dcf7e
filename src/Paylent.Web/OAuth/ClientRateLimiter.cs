using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Paylent.Web.Hosting;

namespace Paylent.Web.OAuth;

/// <summary>
/// Per-client limits on the token, introspection and revocation endpoints. The client is only known
/// once the form is read, so this runs in the endpoint, after the per-IP limit of the pipeline. The
/// client id is not yet authenticated here, so the bucket is per client and address: a caller naming
/// someone else's client id from elsewhere cannot use up that client's requests.
/// </summary>
public sealed class ClientRateLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(clientId =>
        RateLimitPartition.GetTokenBucketLimiter(clientId, _ => RateLimits.PerSecond(options.Value.OAuthPerClientPerSecond)));

    public void Acquire(HttpContext context, string? clientId)
    {
        using var lease = _limiter.AttemptAcquire($"{clientId}|{ClientAddress.Key(context.Connection.RemoteIpAddress)}");
        if (!lease.IsAcquired)
        {
            throw new RateLimitedException(lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1));
        }
    }

    public void Dispose() => _limiter.Dispose();
}

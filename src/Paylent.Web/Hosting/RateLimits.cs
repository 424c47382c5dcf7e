using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Paylent.Web.Errors;

namespace Paylent.Web.Hosting;

/// <summary>The <c>Paylent:RateLimits</c> section: requests per period per client IP (and per OAuth client).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Paylent:RateLimits";

    public int DashboardSignInPerMinute { get; set; } = 10;

    /// <summary>Token, introspection and revocation requests per second from one IP address.</summary>
    public int OAuthPerIpPerSecond { get; set; } = 200;

    /// <summary>Token, introspection and revocation requests per second by one client.</summary>
    public int OAuthPerClientPerSecond { get; set; } = 100;

    /// <summary>Authorization endpoint requests per minute from one IP address.</summary>
    public int AuthorizationPerIpPerMinute { get; set; } = 120;

    /// <summary>Hosted sign-in form posts per minute from one IP address (each user also locks out on its own).</summary>
    public int HostedSignInPerIpPerMinute { get; set; } = 20;

    /// <summary>Hosted sign-up form posts per minute from one IP address.</summary>
    public int HostedSignUpPerIpPerMinute { get; set; } = 10;

    /// <summary>Hosted requests that email a link (forgot password, resend verification) per minute from one IP address.</summary>
    public int HostedEmailLinksPerIpPerMinute { get; set; } = 5;

    /// <summary>
    /// Environment host names looked up in the database per second for one IP address: a name under the
    /// base domain that is not remembered costs a query before any other limit applies (it decides which
    /// endpoints there are), so made-up names must not make the database work at the rate they arrive.
    /// </summary>
    public int HostLookupsPerIpPerSecond { get; set; } = 20;

    /// <summary>
    /// The same for all addresses together, on one instance: what bounds a flood from many addresses. High
    /// enough that starving it takes a flood of its own, since past it an environment this instance has not
    /// seen yet is unknown too.
    /// </summary>
    public int HostLookupsPerSecond { get; set; } = 1000;

    /// <summary>Every limit is a number of requests, at least one (a token bucket of none refuses to exist).</summary>
    public bool IsValid => new[]
    {
        DashboardSignInPerMinute, OAuthPerIpPerSecond, OAuthPerClientPerSecond, AuthorizationPerIpPerMinute, HostedSignInPerIpPerMinute,
        HostedSignUpPerIpPerMinute, HostedEmailLinksPerIpPerMinute, HostLookupsPerIpPerSecond, HostLookupsPerSecond,
    }.All(limit => limit >= 1);
}

/// <summary>Named rate-limit policies; rejected requests get 429 with <c>Retry-After</c>.</summary>
public static class RateLimits
{
    public const string DashboardSignIn = "dashboard-sign-in";
    public const string OAuthPerIp = "oauth-per-ip";
    public const string Authorization = "authorization";
    public const string HostedSignIn = "hosted-sign-in";
    public const string HostedSignUp = "hosted-sign-up";
    public const string HostedEmailLinks = "hosted-email-links";

    public static IServiceCollection AddPaylentRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.IsValid, $"Every {RateLimitOptions.Section} value must be at least 1.").ValidateOnStart();
        services.AddSingleton<OAuth.ClientRateLimiter>();
        var limits = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(OAuthPerIp, context => RateLimitPartition.GetTokenBucketLimiter(
                ClientAddress.Key(context.Connection.RemoteIpAddress),
                _ => PerSecond(limits.OAuthPerIpPerSecond)));
            options.AddPerIpPerMinute(DashboardSignIn, limits.DashboardSignInPerMinute);
            options.AddPerIpPerMinute(Authorization, limits.AuthorizationPerIpPerMinute);
            options.AddPerIpPerMinute(HostedSignIn, limits.HostedSignInPerIpPerMinute);
            options.AddPerIpPerMinute(HostedSignUp, limits.HostedSignUpPerIpPerMinute);
            options.AddPerIpPerMinute(HostedEmailLinks, limits.HostedEmailLinksPerIpPerMinute);
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                SetRetryAfter(context.HttpContext.Response, retryAfter);
                OAuth.OAuthCors.AllowAnyOriginToReadThrottling(context.HttpContext);
                await ErrorResponse.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "too_many_requests",
                    "Too many attempts", $"Too many attempts from your address. Try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds.");
            };
        });
        return services;
    }

    /// <summary>A bucket of <paramref name="permits"/>, refilled every second, nothing queued: a burst of that many, then that rate.</summary>
    public static TokenBucketRateLimiterOptions PerSecond(int permits) =>
        new() { TokenLimit = permits, TokensPerPeriod = permits, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0 };

    /// <summary>RFC 9110 §10.2.3: whole seconds, at least one.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static void AddPerIpPerMinute(this RateLimiterOptions options, string policy, int permits) =>
        options.AddPolicy(policy, context => RateLimitPartition.GetFixedWindowLimiter(
            ClientAddress.Key(context.Connection.RemoteIpAddress),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
}

/// <summary>A caller went over a rate of its own, found in code rather than by the pipeline's policies; answered 429 with <c>Retry-After</c>.</summary>
public sealed class RateLimitedException(TimeSpan retryAfter) : Exception("Too many requests.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

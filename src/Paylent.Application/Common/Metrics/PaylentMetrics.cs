using System.Diagnostics;
using System.Diagnostics.Metrics;
using Paylent.Domain.OAuth;

namespace Paylent.Application.Common.Metrics;

/// <summary>
/// Paylent's own instruments, on the <see cref="MeterName"/> meter (docs/operations.md lists each).
/// Recorded where the event happens; each call is a counter add with a stack-allocated <see cref="TagList"/>,
/// cheap enough for the token and introspection paths, and nothing at all while no listener is attached.
/// </summary>
public sealed class PaylentMetrics
{
    public const string MeterName = "Paylent";

    // In seconds: a drain takes milliseconds when idle and minutes at worst (a batch against a slow SMTP server).
    private static readonly double[] JobDurationBuckets = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300];

    private readonly Counter<long> _tokensIssued;
    private readonly Counter<long> _signIns;
    private readonly Counter<long> _lockouts;
    private readonly Counter<long> _refreshReuse;
    private readonly Counter<long> _jobRuns;
    private readonly Histogram<double> _jobDuration;
    private readonly Counter<long> _cacheLookups;

    public PaylentMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _tokensIssued = meter.CreateCounter<long>("paylent_tokens_issued", "{token}", "Access tokens issued, by grant type and token format.");
        _signIns = meter.CreateCounter<long>("paylent_sign_ins", "{attempt}", "Password sign-in attempts of end users and dashboard admins, by outcome.");
        _lockouts = meter.CreateCounter<long>("paylent_lockouts", "{lockout}", "Accounts locked after repeated failed sign-ins.");
        _refreshReuse = meter.CreateCounter<long>("paylent_refresh_token_reuse_detected", "{event}", "Spent refresh tokens presented again; each revokes its grant.");
        _jobRuns = meter.CreateCounter<long>("paylent_job_runs", "{run}", "Background job runs, by job and outcome.");
        _jobDuration = meter.CreateHistogram(
            "paylent_job_duration_seconds", "s", "How long background job runs take, by job.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = JobDurationBuckets });
        _cacheLookups = meter.CreateCounter<long>("paylent_cache_lookups", "{lookup}", "In-process cache lookups, by cache and result (hit or miss).");
    }

    public void TokenIssued(string grantType, TokenFormat format) =>
        _tokensIssued.Add(1, new TagList { { "grant_type", grantType }, { "format", format == TokenFormat.Jwt ? "jwt" : "opaque" } });

    public void SignIn(SignInSubject subject, SignInOutcome outcome) =>
        _signIns.Add(1, new TagList { { "subject", Name(subject) }, { "outcome", Name(outcome) } });

    public void Lockout(SignInSubject subject) => _lockouts.Add(1, new TagList { { "subject", Name(subject) } });

    public void RefreshTokenReuseDetected() => _refreshReuse.Add(1);

    /// <param name="job">A stable job name (<c>outbox-emails</c>).</param>
    public void JobRun(string job, bool succeeded, TimeSpan duration)
    {
        _jobRuns.Add(1, new TagList { { "job", job }, { "outcome", succeeded ? "success" : "failure" } });
        _jobDuration.Record(duration.TotalSeconds, new TagList { { "job", job } });
    }

    /// <summary>Runs <paramref name="run"/> as one run of <paramref name="job"/>, counted and timed whatever its outcome.</summary>
    public async Task MeasureJobAsync(string job, Func<Task> run)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            await run();
            succeeded = true;
        }
        finally
        {
            JobRun(job, succeeded, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    /// <param name="cache">A stable cache name (<c>oauth_clients</c>).</param>
    public void CacheLookup(string cache, bool hit) =>
        _cacheLookups.Add(1, new TagList { { "cache", cache }, { "result", hit ? "hit" : "miss" } });

    private static string Name(SignInSubject subject) => subject == SignInSubject.User ? "user" : "admin";

    private static string Name(SignInOutcome outcome) => outcome switch
    {
        SignInOutcome.Success => "success",
        SignInOutcome.Locked => "locked",
        SignInOutcome.Disabled => "disabled",
        _ => "failure",
    };
}

public enum SignInSubject
{
    User,
    Admin,
}

public enum SignInOutcome
{
    Success,

    /// <summary>Unknown email or wrong password.</summary>
    Failure,

    /// <summary>Refused unchecked because the account is locked.</summary>
    Locked,

    /// <summary>The right password for an account an admin disabled.</summary>
    Disabled,
}

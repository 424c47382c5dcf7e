namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>
/// Why an ACME operation did not complete; the subclass says whose side the failure is on.
/// <see cref="RetryAfter"/> is the CA's <c>Retry-After</c> on its error answer, if it sent one: on a problem
/// (rate limits, RFC 8555 §6.6) or on a 503 or 429 without one (RFC 9110 §10.2.3).
/// </summary>
public abstract class AcmeException(string message, Exception? inner = null, TimeSpan? retryAfter = null) : Exception(message, inner)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// The CA refused with an RFC 7807 problem document (RFC 8555 §6.7), or a challenge or order failed with one.
/// </summary>
public sealed class AcmeProblemException(AcmeProblem problem, TimeSpan? retryAfter = null)
    : AcmeException($"The certificate authority answered with a problem: {problem}", retryAfter: retryAfter)
{
    public AcmeProblem Problem { get; } = problem;
}

/// <summary>The CA's answer is not what RFC 8555 says it must be (bad JSON, a missing field, the wrong content type, an unexplained failure).</summary>
public sealed class AcmeProtocolException(string message) : AcmeException(message);

/// <summary>The CA cannot be reached, answered 5xx without a problem document, or did not finish in time: worth retrying later.</summary>
public sealed class AcmeUnavailableException(string message, Exception? inner = null, TimeSpan? retryAfter = null) : AcmeException(message, inner, retryAfter);

namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>Why an ACME operation did not complete; the subclass says whose side the failure is on.</summary>
public abstract class AcmeException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The CA refused with an RFC 7807 problem document (RFC 8555 §6.7), or a challenge or order failed with
/// one. <see cref="RetryAfter"/> is the CA's <c>Retry-After</c>, if it sent one (rate limits, §6.6).
/// </summary>
public sealed class AcmeProblemException(AcmeProblem problem, TimeSpan? retryAfter = null)
    : AcmeException($"The certificate authority answered with a problem: {problem}")
{
    public AcmeProblem Problem { get; } = problem;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The CA's answer is not what RFC 8555 says it must be (bad JSON, a missing field, the wrong content type, an unexplained failure).</summary>
public sealed class AcmeProtocolException(string message) : AcmeException(message);

/// <summary>The CA cannot be reached, answered 5xx without a problem document, or did not finish in time: worth retrying later.</summary>
public sealed class AcmeUnavailableException(string message, Exception? inner = null) : AcmeException(message, inner);

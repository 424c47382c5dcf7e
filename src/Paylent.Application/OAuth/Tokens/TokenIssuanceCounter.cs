using Paylent.Application.Common.Metrics;
using Paylent.Application.Common.Persistence;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Tokens;

/// <summary>
/// Counts an access token issued, in the metrics and in the dashboard's tally, once the command that
/// issued it has committed: a redemption or a refresh that loses a race and is refused on its next
/// attempt issued nothing.
/// </summary>
internal sealed class TokenIssuanceCounter(PaylentMetrics metrics, TokenIssuanceTally tally, AfterCommit afterCommit)
{
    public void CountWhenCommitted(Guid environmentId, string grantType, TokenFormat format) =>
        afterCommit.Do(() =>
        {
            metrics.TokenIssued(grantType, format);
            tally.Count(environmentId, grantType);
        });
}

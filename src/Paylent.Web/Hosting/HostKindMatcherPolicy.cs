using Microsoft.AspNetCore.Routing.Matching;

namespace Paylent.Web.Hosting;

/// <summary>
/// Drops endpoint candidates meant for another kind of host, so the dashboard's <c>/sign-in</c> and
/// an environment's <c>/sign-in</c> share a path without ambiguity, and an environment host can
/// never reach a dashboard page (or the reverse).
/// </summary>
internal sealed class HostKindMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<HostKindAttribute>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var kind = httpContext.Features.Get<ResolvedHost>()?.Kind ?? HostKind.Unknown;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].Endpoint.Metadata.GetMetadata<HostKindAttribute>() is { } required && required.Kind != kind)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}

using Paylent.Domain.Tenancy;

namespace Paylent.Application.Tenancy;

/// <summary>An environment as the rest of the application refers to it.</summary>
public sealed record EnvironmentSummary(Guid Id, Guid AccountId, string AccountSlug, string Slug)
{
    public string HostLabel => PaylentEnvironment.HostLabel(AccountSlug, Slug);
}

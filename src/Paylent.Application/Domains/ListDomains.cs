using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Tenancy.Contracts;
using Paylent.Domain.Domains;

namespace Paylent.Application.Domains;

/// <summary>
/// The environment's custom domains by host name. <see cref="State"/> keeps those in one state
/// (<c>active</c>), <see cref="Search"/> those whose host name starts with it.
/// </summary>
public sealed record ListDomains(string? State = null, string? Search = null, PageRequest? Page = null) : IQuery<Page<DomainDto>>;

internal sealed class ListDomainsValidator : AbstractValidator<ListDomains>
{
    public ListDomainsValidator()
    {
        RuleFor(q => q.State).Must(s => s is null || DomainStates.Parse(s) is not null)
            .WithMessage("'State' is one of pending_verification, verified, certificate_pending, active, verification_failed, certificate_failed, disabled.");
        RuleFor(q => q.Search).MaximumLength(Hostname.MaxLength);
        RuleFor(q => q.Page!).SetValidator(new PageRequestValidator()).When(q => q.Page is not null);
    }
}

internal sealed class ListDomainsHandler(IDomainsData db, IEnvironmentHosts hosts, DomainSettings settings, EnvironmentContext scope)
    : IQueryHandler<ListDomains, Page<DomainDto>>
{
    public async Task<Page<DomainDto>> Handle(ListDomains query, CancellationToken cancellationToken)
    {
        var domains = db.CustomDomains.AsNoTracking();
        if (query.State is not null && DomainStates.Parse(query.State) is { } state)
        {
            domains = domains.Where(d => d.State == state);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var prefix = query.Search.Trim().ToLowerInvariant();
            domains = domains.Where(d => d.Hostname.StartsWith(prefix) || d.HostnameUnicode.StartsWith(prefix));
        }

        var page = await domains.OrderBy(d => d.Hostname).ToPageAsync(query.Page ?? new PageRequest(), cancellationToken);
        var target = await hosts.CnameTargetAsync(scope.RequiredEnvironmentId, settings, cancellationToken);
        return new Page<DomainDto>([.. page.Items.Select(d => d.ToDto(target, settings))], page.Number, page.Size, page.HasNext);
    }
}

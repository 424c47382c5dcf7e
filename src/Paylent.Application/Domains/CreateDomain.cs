using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Tenancy.Contracts;
using Paylent.Domain.Common;
using Paylent.Domain.Domains;

namespace Paylent.Application.Domains;

/// <summary>A new custom domain for the current environment, waiting for its DNS records (<c>pending_verification</c>).</summary>
public sealed record CreateDomain(string Hostname) : ICommand<DomainDto>;

internal sealed class CreateDomainValidator : AbstractValidator<CreateDomain>
{
    public CreateDomainValidator()
    {
        // The rules of a host name are the domain's (Hostname.Parse); this only keeps huge input away from it.
        RuleFor(c => c.Hostname).NotEmpty().MaximumLength(Hostname.MaxInputLength);
    }
}

internal sealed class CreateDomainHandler(IDomainsData db, IEnvironmentHosts hosts, DomainSettings settings, EnvironmentContext scope, TimeProvider clock)
    : ICommandHandler<CreateDomain, DomainDto>
{
    public async Task<DomainDto> Handle(CreateDomain command, CancellationToken cancellationToken)
    {
        var hostname = Hostname.Parse(command.Hostname);
        var domain = CustomDomain.Create(scope.RequiredEnvironmentId, hostname, settings.BaseDomain, clock.GetUtcNow().UtcDateTime);

        // Unique across the install, whichever environment holds it (a host serves one environment); the
        // unique index settles a race between two creates, which the loser sees as a 409 too.
        if (await db.CustomDomains.IgnoreQueryFilters().AnyAsync(d => d.Hostname == domain.Hostname, cancellationToken))
        {
            throw new DomainException("hostname_taken", $"{domain.Hostname} is already a custom domain of this or another environment.", "hostname");
        }

        db.CustomDomains.Add(domain);
        return domain.ToDto(await hosts.CnameTargetAsync(domain.EnvironmentId, settings, cancellationToken), settings);
    }
}

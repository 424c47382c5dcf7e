using Paylent.Application.Common.Messaging;
using Paylent.Domain.Common;
using Paylent.Domain.Domains;

namespace Paylent.Application.Domains;

/// <summary>
/// "Verify now": looks at DNS for the domain at once and answers its state afterwards. Refused with
/// <c>check_too_soon</c> within <see cref="DomainSettings.MinimumCheckInterval"/> of the last look, so a
/// held-down button cannot turn Paylent into a DNS flood.
/// </summary>
public sealed record VerifyDomain(Guid Id) : ICommand<DomainDto>;

internal sealed class VerifyDomainHandler(IDomainsData db, DomainVerification verification, DomainSettings settings, TimeProvider clock)
    : ICommandHandler<VerifyDomain, DomainDto>
{
    public async Task<DomainDto> Handle(VerifyDomain command, CancellationToken cancellationToken)
    {
        var domain = await db.FindDomainAsync(command.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (domain.LastCheckedAt is { } last && now - last < settings.MinimumCheckInterval)
        {
            var wait = Math.Max(1, (int)Math.Ceiling((settings.MinimumCheckInterval - (now - last)).TotalSeconds));
            throw new DomainException("check_too_soon", $"DNS for {domain.Hostname} was checked moments ago; try again in {wait} s.");
        }

        var target = await verification.CheckAsync(domain, cancellationToken);
        return domain.ToDto(target, settings);
    }
}

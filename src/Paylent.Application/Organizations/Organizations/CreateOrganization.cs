using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Domain.Common;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations.Organizations;

/// <param name="Metadata">A JSON object as text; null is the empty object.</param>
public sealed record CreateOrganization(string Slug, string Name, string? Metadata) : ICommand<OrganizationDto>, IRetryOnConflict;

internal sealed class CreateOrganizationValidator : AbstractValidator<CreateOrganization>
{
    public CreateOrganizationValidator()
    {
        RuleFor(c => c.Slug).NotEmpty().MaximumLength(Organization.MaxSlugLength);
        RuleFor(c => c.Name).NotEmpty().MustBeOrganizationName();
        RuleFor(c => c.Metadata).MustBeMetadataText();
    }
}

/// <summary>
/// The slug is unique in the environment: checked here for a clear answer, and by a unique index for
/// two creates at once (the loser gets a conflict).
/// </summary>
internal sealed class CreateOrganizationHandler(IOrganizationsData db, EnvironmentContext scope, TimeProvider clock)
    : ICommandHandler<CreateOrganization, OrganizationDto>
{
    public async Task<OrganizationDto> Handle(CreateOrganization command, CancellationToken cancellationToken)
    {
        var organization = Organization.Create(scope.RequiredEnvironmentId, command.Slug, command.Name, command.Metadata, clock.GetUtcNow().UtcDateTime);
        if (await db.Organizations.AnyAsync(o => o.Slug == organization.Slug, cancellationToken))
        {
            throw new DomainException("slug_taken", $"The environment already has an organization {organization.Slug}.", "slug");
        }

        db.Organizations.Add(organization);
        return OrganizationDto.From(organization);
    }
}

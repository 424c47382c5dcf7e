using FluentValidation;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Common;

namespace Paylent.Application.Organizations.Organizations;

/// <summary>Renames an organization or replaces its metadata; the slug is immutable (requests and tokens name it).</summary>
public sealed record UpdateOrganization(Guid Id, Optional<string> Name, Optional<string?> Metadata) : ICommand<OrganizationDto>, IRetryOnConflict;

internal sealed class UpdateOrganizationValidator : AbstractValidator<UpdateOrganization>
{
    public UpdateOrganizationValidator()
    {
        RuleFor(c => c.Name.Value).NotEmpty().MustBeOrganizationName().OverridePropertyName("Name").When(c => c.Name.HasValue);
        RuleFor(c => c.Metadata.Value).MustBeMetadataText().OverridePropertyName("Metadata").When(c => c.Metadata.HasValue);
    }
}

internal sealed class UpdateOrganizationHandler(IOrganizationsData db, TimeProvider clock) : ICommandHandler<UpdateOrganization, OrganizationDto>
{
    public async Task<OrganizationDto> Handle(UpdateOrganization command, CancellationToken cancellationToken)
    {
        var organization = await db.FindOrganizationAsync(command.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (command.Name.HasValue)
        {
            organization.Rename(command.Name.Value, now);
        }

        if (command.Metadata.HasValue)
        {
            organization.ReplaceMetadata(command.Metadata.Value, now);
        }

        return OrganizationDto.From(organization);
    }
}

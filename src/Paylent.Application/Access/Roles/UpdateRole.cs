using FluentValidation;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Access;
using Paylent.Domain.Common;

namespace Paylent.Application.Access.Roles;

/// <summary>A partial update of what may change on a role: its slug and client scope are immutable, as tokens name them.</summary>
public sealed record UpdateRole(Guid Id, Optional<string> Name, Optional<string?> Description, bool? IsDefault) : ICommand<RoleDto>, IRetryOnConflict;

internal sealed class UpdateRoleValidator : AbstractValidator<UpdateRole>
{
    public UpdateRoleValidator()
    {
        RuleFor(c => c.Name.Value).NotEmpty().MaximumLength(Role.MaxNameLength).MustBePrintable().OverridePropertyName("Name").When(c => c.Name.HasValue);
        RuleFor(c => c.Description.Value).MaximumLength(Role.MaxDescriptionLength).MustBePrintable().OverridePropertyName("Description");
    }
}

internal sealed class UpdateRoleHandler(IAccessData db, TimeProvider clock) : ICommandHandler<UpdateRole, RoleDto>
{
    public async Task<RoleDto> Handle(UpdateRole command, CancellationToken cancellationToken)
    {
        var role = await db.FindRoleAsync(command.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        role.Rename(command.Name.Or(role.Name), command.Description.Or(role.Description), now);
        if (command.IsDefault is true)
        {
            await db.MakeOnlyDefaultAsync(role, now, cancellationToken);
        }
        else if (command.IsDefault is false)
        {
            role.MarkDefault(false, now);
        }

        return await db.ToDtoAsync(role, cancellationToken);
    }
}

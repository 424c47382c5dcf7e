using FluentValidation;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Access;
using Paylent.Domain.Common;

namespace Paylent.Application.Access.Permissions;

/// <summary>The description is all that changes: the slug is immutable, as roles and issued tokens name it.</summary>
public sealed record UpdatePermission(Guid Id, Optional<string?> Description) : ICommand<PermissionDto>, IRetryOnConflict;

internal sealed class UpdatePermissionValidator : AbstractValidator<UpdatePermission>
{
    public UpdatePermissionValidator() => RuleFor(c => c.Description.Value).MaximumLength(Permission.MaxDescriptionLength).MustBePrintable().OverridePropertyName("Description");
}

internal sealed class UpdatePermissionHandler(IAccessData db, TimeProvider clock) : ICommandHandler<UpdatePermission, PermissionDto>
{
    public async Task<PermissionDto> Handle(UpdatePermission command, CancellationToken cancellationToken)
    {
        var permission = await db.FindAsync(command.Id, cancellationToken);
        permission.Describe(command.Description.Or(permission.Description), clock.GetUtcNow().UtcDateTime);
        return PermissionDto.From(permission);
    }
}

using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Domain.Access;
using Paylent.Domain.Common;

namespace Paylent.Application.Access.Permissions;

public sealed record CreatePermission(string Slug, string? Description) : ICommand<PermissionDto>, IRetryOnConflict;

internal sealed class CreatePermissionValidator : AbstractValidator<CreatePermission>
{
    public CreatePermissionValidator()
    {
        RuleFor(c => c.Slug).NotEmpty().MaximumLength(AccessSlugs.MaxLength);
        RuleFor(c => c.Description).MaximumLength(Permission.MaxDescriptionLength).MustBePrintable();
    }
}

internal sealed class CreatePermissionHandler(IAccessData db, EnvironmentContext scope, TimeProvider clock) : ICommandHandler<CreatePermission, PermissionDto>
{
    public async Task<PermissionDto> Handle(CreatePermission command, CancellationToken cancellationToken)
    {
        var permission = Permission.Create(scope.RequiredEnvironmentId, command.Slug, command.Description, clock.GetUtcNow().UtcDateTime);
        if (await db.Permissions.AnyAsync(p => p.Slug == permission.Slug, cancellationToken))
        {
            throw new DomainException("slug_taken", $"The environment already has a permission {permission.Slug}.", "slug");
        }

        db.Permissions.Add(permission);
        return PermissionDto.From(permission);
    }
}

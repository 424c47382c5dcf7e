using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.OAuth.Contracts;
using Paylent.Domain.Access;
using Paylent.Domain.Common;

namespace Paylent.Application.Access.Roles;

/// <summary>A new role, empty; permissions and included roles are added to it afterwards. <see cref="ClientId"/> scopes it to one client.</summary>
public sealed record CreateRole(string Slug, string Name, string? Description, string? ClientId, bool IsDefault) : ICommand<RoleDto>, IRetryOnConflict;

internal sealed class CreateRoleValidator : AbstractValidator<CreateRole>
{
    public CreateRoleValidator()
    {
        RuleFor(c => c.Slug).NotEmpty().MaximumLength(AccessSlugs.MaxLength);
        RuleFor(c => c.Name).NotEmpty().MaximumLength(Role.MaxNameLength).MustBePrintable();
        RuleFor(c => c.Description).MaximumLength(Role.MaxDescriptionLength).MustBePrintable();
        RuleFor(c => c.ClientId).MaximumLength(64).MustBePrintable();
    }
}

internal sealed class CreateRoleHandler(IAccessData db, IClientDirectory clients, EnvironmentContext scope, TimeProvider clock) : ICommandHandler<CreateRole, RoleDto>
{
    public async Task<RoleDto> Handle(CreateRole command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (command.ClientId is not null && await clients.FindByClientIdAsync(command.ClientId, cancellationToken) is null)
        {
            throw new DomainException("client_not_found", "No OAuth client of this environment has that client_id.", "client_id");
        }

        var role = Role.Create(scope.RequiredEnvironmentId, command.Slug, command.Name, command.Description, command.ClientId, now);
        if (await db.Roles.AnyAsync(r => r.NormalizedSlug == role.NormalizedSlug, cancellationToken))
        {
            throw new DomainException("slug_taken", $"The environment already has a role {role.Slug} (slugs are unique whatever their case).", "slug");
        }

        if (command.IsDefault)
        {
            await db.MakeOnlyDefaultAsync(role, now, cancellationToken);
        }

        db.Roles.Add(role);
        return await db.ToDtoAsync(role, cancellationToken);
    }
}

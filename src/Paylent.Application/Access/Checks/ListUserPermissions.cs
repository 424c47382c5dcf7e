using FluentValidation;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Access;

namespace Paylent.Application.Access.Checks;

/// <summary>A user's effective roles and permissions, each permission with the roles that hold it; with <see cref="ClientId"/>, as that client's tokens see them.</summary>
public sealed record ListUserPermissions(Guid UserId, string? ClientId) : IQuery<EffectiveAccess>;

internal sealed class ListUserPermissionsValidator : AbstractValidator<ListUserPermissions>
{
    public ListUserPermissionsValidator() => RuleFor(q => q.ClientId).MaximumLength(64);
}

internal sealed class ListUserPermissionsHandler(EffectiveAccessReader reader) : IQueryHandler<ListUserPermissions, EffectiveAccess>
{
    public Task<EffectiveAccess> Handle(ListUserPermissions query, CancellationToken cancellationToken) =>
        reader.ReadAsync(query.UserId, query.ClientId, cancellationToken);
}

using FluentValidation;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Access;

namespace Paylent.Application.Access.Checks;

/// <summary>
/// Whether a user or a service account holds a permission, exactly or through a wildcard
/// (<see cref="AccessSlugs.Covers"/>), and through which roles. A user is checked with the roles for
/// every client, plus those of <see cref="ClientId"/> when it is given; a service account
/// (<see cref="ClientId"/> alone) with its own.
/// </summary>
public sealed record CheckPermission(Guid? UserId, string? ClientId, string Permission) : IQuery<PermissionCheck>;

public sealed record PermissionCheck(bool Allowed, IReadOnlyList<string> Via);

internal sealed class CheckPermissionValidator : AbstractValidator<CheckPermission>
{
    public CheckPermissionValidator()
    {
        RuleFor(q => q.Permission).NotEmpty().MaximumLength(AccessSlugs.MaxLength)
            .Must(AccessSlugs.IsPermission).WithMessage("'Permission' must be a permission slug (invoices:read).");
        RuleFor(q => q.ClientId).MaximumLength(64).NotEmpty().When(q => q.UserId is null)
            .WithMessage("Name a user_id or a client_id.");
    }
}

internal sealed class CheckPermissionHandler(EffectiveAccessReader reader) : IQueryHandler<CheckPermission, PermissionCheck>
{
    public async Task<PermissionCheck> Handle(CheckPermission query, CancellationToken cancellationToken)
    {
        var access = await reader.ReadAsync(query.UserId, query.ClientId, cancellationToken);
        var via = access.Granting(query.Permission);
        return new PermissionCheck(via.Count > 0, via);
    }
}

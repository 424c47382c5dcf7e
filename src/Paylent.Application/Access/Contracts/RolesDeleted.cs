using Paylent.Application.Common.Events;

namespace Paylent.Application.Access.Contracts;

/// <summary>
/// Roles are being deleted (by the API, or with the client they were scoped to); modules holding them
/// by id drop them, or refuse the deletion by throwing, which rolls the whole command back.
/// </summary>
public sealed record RolesDeleted(IReadOnlyList<Guid> RoleIds) : IModuleEvent;

using Paylent.Application.Common.Events;

namespace Paylent.Application.Identity.Contracts;

/// <summary>A user was created (by an admin, the API or sign-up); other modules provision what a new user gets.</summary>
public sealed record UserCreated(Guid UserId) : IModuleEvent;

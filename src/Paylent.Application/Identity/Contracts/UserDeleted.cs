using Paylent.Application.Common.Events;

namespace Paylent.Application.Identity.Contracts;

/// <summary>A user was deleted (with their sessions); other modules drop what they hold for the user.</summary>
public sealed record UserDeleted(Guid UserId) : IModuleEvent;

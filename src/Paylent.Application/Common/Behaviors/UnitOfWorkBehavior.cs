using MediatR;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;

namespace Paylent.Application.Common.Behaviors;

/// <summary>
/// Saves each command's changes once, at its end; the audit events of those changes are written by
/// that same save, so they commit or roll back together.
/// </summary>
internal sealed class UnitOfWorkBehavior<TRequest, TResponse>(IUnitOfWork unitOfWork) : IPipelineBehavior<TRequest, TResponse>
{
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next) =>
        request is IStateChange ? unitOfWork.ExecuteAsync(() => next(), cancellationToken) : next();
}

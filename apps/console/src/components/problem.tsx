import { Problem } from '../api';

const MESSAGES: Record<string, string> = {
  unauthenticated: '로그인이 만료되었습니다. 다시 로그인해 주세요.',
  wrong_role: '운영자(staff) 권한이 필요합니다.',
  forbidden: '이 작업을 할 권한이 없습니다.',
  too_many_requests: '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.',
};

/** An error from the api as staff read it: a Korean sentence where we have one, the api's own words and code always. */
export function ProblemNotice({ error }: { error: unknown }) {
  if (!error) return null;
  const problem = error instanceof Problem ? error : null;
  const message = problem ? (MESSAGES[problem.code] ?? problem.message) : String((error as Error).message ?? error);
  return (
    <div role="alert" className="problem">
      <strong>오류</strong> {message}
      {problem && (
        <span className="problem-code">
          {' '}
          ({problem.status} {problem.code})
        </span>
      )}
    </div>
  );
}

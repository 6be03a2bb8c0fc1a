/** The verification link's page: confirms the address as soon as it opens. */
import { accountEmailApi } from "../api/account-email";
import { Alert } from "../components/alert";
import { AuthLayout } from "../components/auth-layout";
import { LoadingRows, useDocumentTitle } from "../components/page";
import { useResource } from "../hooks/use-resource";

export default function VerifyEmailPage({ token }: { token: string }) {
  useDocumentTitle("Confirm your email");
  const result = useResource(() => accountEmailApi.verifyEmail({ token }), [token]);
  return (
    <AuthLayout title="Confirm your email" footer={<a href="/inbox">Open Parley</a>}>
      {result.loading && !result.data ? (
        <LoadingRows />
      ) : result.data ? (
        <Alert tone="success">{result.data.email} is confirmed. Thank you.</Alert>
      ) : (
        <Alert>{result.error ?? "This confirmation link is not valid."}</Alert>
      )}
    </AuthLayout>
  );
}

/** Routes: the signed-out pages, and everything else behind sign-in in the app shell. */
import { lazy, LocationProvider, Route, Router } from "preact-iso";
import { SkipLink } from "./components/skip-link";
import { Toaster } from "./components/toasts";
import { SignedInApp } from "./signed-in-app";

const SignInPage = lazy(() => import("./pages/sign-in"));
const SignUpPage = lazy(() => import("./pages/sign-up"));
const AcceptInvitePage = lazy(() => import("./pages/accept-invite"));
const ForgotPasswordPage = lazy(() => import("./account-email/forgot-password"));
const ResetPasswordPage = lazy(() => import("./account-email/reset-password"));
const VerifyEmailPage = lazy(() => import("./account-email/verify-email"));

export function App() {
  return (
    <LocationProvider>
      <SkipLink />
      <Router>
        <Route path="/signin" component={SignInPage} />
        <Route path="/signup" component={SignUpPage} />
        <Route path="/invite/:token" component={AcceptInvitePage} />
        <Route path="/forgot-password" component={ForgotPasswordPage} />
        <Route path="/reset-password/:token" component={ResetPasswordPage} />
        <Route path="/verify-email/:token" component={VerifyEmailPage} />
        <Route path="/" component={SignedInApp} />
        <Route path="/*" component={SignedInApp} />
      </Router>
      <Toaster />
    </LocationProvider>
  );
}

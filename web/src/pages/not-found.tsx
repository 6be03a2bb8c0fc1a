import { Page } from "../components/page";

export default function NotFoundPage() {
  return (
    <Page title="Page not found">
      <div class="card">
        <div class="empty">
          <h2>There is nothing at this address.</h2>
          <p>
            <a href="/inbox">Go to the inbox</a>
          </p>
        </div>
      </div>
    </Page>
  );
}

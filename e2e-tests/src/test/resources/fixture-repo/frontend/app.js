// Dashboard page: lists campaigns and lets a logged-in user create one.
const api = (path, options = {}) =>
  fetch(path, { ...options, headers: { 'Content-Type': 'application/json', ...(options.headers || {}) } })
    .then((response) => response.json());

export async function loadCampaigns(list) {
  const { campaigns } = await api('/campaigns');
  list.innerHTML = campaigns.map((name) => `<li>${name}</li>`).join('');
}

export async function createCampaign(token, name, budgetCents) {
  return api('/campaigns', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: JSON.stringify({ name, budget_cents: budgetCents }),
  });
}
